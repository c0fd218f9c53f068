/**
 * The PostgreSQL adapter's implementation: the connections ({@link io.zapsocket.postgres.internal.PgLink}: one
 * dedicated LISTEN connection, one publisher connection behind a bounded queue), the NOTIFY payload codec
 * ({@link io.zapsocket.postgres.internal.NotifyCodec}) and the per-namespace adapter on the cluster template.
 */
package io.zapsocket.postgres.internal;
