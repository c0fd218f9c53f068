/**
 * The store SPI of the sync layer: {@link io.zapsocket.sync.store.SyncStore} keeps stream histories (offset, epoch)
 * and presence sets, and tells every node's {@link io.zapsocket.sync.store.StoreListener} about new publications and
 * presence changes, in one order per stream and per presence room. Built-in stores:
 * {@link io.zapsocket.sync.SyncStores}.
 */
package io.zapsocket.sync.store;
