package io.zapsocket.examples.demo;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The chat room's memory: the last {@value #SIZE} messages (what a page shows when it loads) and the ids of the
 * last {@value #REMEMBERED_IDS} messages (by default), so that a message sent again by its page (a replay after a lost
 * acknowledgement, possibly to another node) is recognised and answered with the message as first posted.
 *
 * <p>Asynchronous and thread-safe, like {@link TodoStore}: {@link InMemoryChatHistory} (one process) and
 * {@link RedisChatHistory} (shared by the nodes of a cluster) behave identically ({@code ChatHistoryContract}).
 */
interface ChatHistory {
    int SIZE = 100;
    int REMEMBERED_IDS = 5_000;

    /** A message as everyone receives it. */
    record Message(String id, String from, String name, String text, long at) {
    }

    /** The outcome of {@link #post}: the message as stored, and whether it was new. */
    record Posted(Message message, boolean isNew) {
    }

    /** Adds a message, unless one with its id was posted before (then that one is answered). */
    CompletionStage<Posted> post(Message message);

    /** The last messages ({@value #SIZE} by default), oldest first. */
    CompletionStage<List<Message>> recent();
}
