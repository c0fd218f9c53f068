/** The Spring Boot sample application of Zap-Socket (see {@link io.zapsocket.spring.sample.SampleApplication}). */
package io.zapsocket.spring.sample;
