package io.zapsocket.spring.sample;

/** The acknowledgement of a chat message: its sequence number and the room it went to. */
public record Receipt(long id, String room) {
}
