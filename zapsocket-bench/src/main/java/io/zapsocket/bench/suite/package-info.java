/** The one-command suite: starts the servers pinned to a core, runs every scenario, writes JSON, markdown and charts. */
package io.zapsocket.bench.suite;
