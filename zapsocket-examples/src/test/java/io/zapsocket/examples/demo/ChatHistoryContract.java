package io.zapsocket.examples.demo;

import io.zapsocket.examples.demo.ChatHistory.Message;
import io.zapsocket.examples.demo.ChatHistory.Posted;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.zapsocket.examples.demo.TodoStoreContract.join;
import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link ChatHistory} does ({@link InMemoryChatHistoryTest}, {@link RedisChatHistoryTest}). */
abstract class ChatHistoryContract {
    /** Small bounds, so that reaching them is quick (the defaults are {@link ChatHistory#SIZE} and so on). */
    static final int SIZE = 10;
    static final int REMEMBERED_IDS = 30;

    ChatHistory history;

    /** A new, empty history with these bounds. */
    abstract ChatHistory newHistory(int size, int rememberedIds);

    @BeforeEach
    void createHistory() {
        history = newHistory(SIZE, REMEMBERED_IDS);
    }

    static Message message(String id, String text, long at) {
        return new Message(id, "sock-" + id, "Alice", text, at);
    }

    @Test
    void aNewMessageIsKeptAndAResentOneIsAnsweredWithTheFirst() {
        Message first = message("m1", "hello \"you\" / é 😀", 1000);
        assertThat(join(history.post(first))).isEqualTo(new Posted(first, true));
        Message resent = new Message("m1", "other-socket", "Alice", "hello \"you\" / é 😀", 2000);
        assertThat(join(history.post(resent))).isEqualTo(new Posted(first, false));
        assertThat(join(history.recent())).containsExactly(first);
    }

    @Test
    void onlyTheLastMessagesAreKeptOldestFirst() {
        List<CompletableFuture<Posted>> all = new ArrayList<>();
        for (int i = 0; i < SIZE + 20; i++) {
            all.add(history.post(message("m" + i, "text " + i, i)).toCompletableFuture());
        }
        all.forEach(CompletableFuture::join);
        List<Message> recent = join(history.recent());
        assertThat(recent).hasSize(SIZE);
        assertThat(recent.get(0).id()).isEqualTo("m20");
        assertThat(recent.get(SIZE - 1).id()).isEqualTo("m" + (SIZE + 19));
    }

    @Test
    void theIdsOfTheLastMessagesOnlyAreRemembered() {
        List<CompletableFuture<Posted>> all = new ArrayList<>();
        for (int i = 0; i <= REMEMBERED_IDS; i++) {
            all.add(history.post(message("m" + i, "text", i)).toCompletableFuture());
        }
        all.forEach(CompletableFuture::join);
        assertThat(join(history.post(message("m0", "text", 0))).isNew()).isTrue(); // forgotten
        assertThat(join(history.post(message("m" + REMEMBERED_IDS, "text", 0))).isNew()).isFalse();
    }
}
