/**
 * The HTTP publish API ({@link io.zapsocket.server.PublishApiOptions}): request checks, the message model and the
 * route. Not exported.
 */
package io.zapsocket.server.internal.publish;
