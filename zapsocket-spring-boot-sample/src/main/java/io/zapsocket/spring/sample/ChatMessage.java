package io.zapsocket.spring.sample;

/** A chat message as clients send it ({@code {"room": "lobby", "text": "hi"}}) and as it is broadcast. */
public record ChatMessage(String room, String from, String text) {
}
