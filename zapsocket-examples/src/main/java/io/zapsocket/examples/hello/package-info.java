/**
 * The README's "Hello world": a server and a Java client, each one complete file that the README shows verbatim
 * (without the package line). {@code GettingStartedTest} checks that the README's blocks equal these files and runs
 * both programs against each other.
 */
package io.zapsocket.examples.hello;
