/**
 * The PostgreSQL cluster adapter: {@link io.zapsocket.postgres.PostgresAdapters#create} returns the
 * {@link io.zapsocket.postgres.PostgresAdapterFactory} to give to {@code ServerOptions.builder().adapter(...)},
 * configured by {@link io.zapsocket.postgres.PostgresAdapterOptions}.
 */
package io.zapsocket.postgres;
