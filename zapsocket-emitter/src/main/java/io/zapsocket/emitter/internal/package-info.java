/**
 * The emitter's implementation: the wire format of its messages ({@code EmitterMessages}) and the Lettuce
 * publisher. Not an API.
 */
package io.zapsocket.emitter.internal;
