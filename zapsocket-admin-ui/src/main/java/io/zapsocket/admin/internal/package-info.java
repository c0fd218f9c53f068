/** The admin namespace's implementation: authentication, serialization, aggregated events. Not exported. */
package io.zapsocket.admin.internal;
