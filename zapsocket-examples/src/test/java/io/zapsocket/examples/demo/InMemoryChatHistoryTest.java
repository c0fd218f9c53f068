package io.zapsocket.examples.demo;

class InMemoryChatHistoryTest extends ChatHistoryContract {
    @Override
    ChatHistory newHistory(int size, int rememberedIds) {
        return new InMemoryChatHistory(size, rememberedIds);
    }
}
