package io.zapsocket.examples.demo;

import io.zapsocket.examples.demo.Payloads.CreateTodo;
import io.zapsocket.examples.demo.Payloads.DeleteTodo;
import io.zapsocket.examples.demo.Payloads.Invalid;
import io.zapsocket.examples.demo.Payloads.UpdateTodo;
import io.zapsocket.examples.demo.TodoStore.Applied;
import io.zapsocket.examples.demo.TodoStore.Full;
import io.zapsocket.examples.demo.TodoStore.NotFound;
import io.zapsocket.examples.demo.TodoStore.Result;
import io.zapsocket.examples.demo.TodoStore.Stale;
import io.zapsocket.protocol.Ack;
import io.zapsocket.server.ServerSocket;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The todo events of one socket. Each change is acknowledged with its outcome:
 * <ul>
 *   <li>{@code {ok:true, todo}} (created or updated) or {@code {ok:true, deleted:id}}, and the other sockets get
 *       {@code todo:changed todo} / {@code todo:deleted {id}} (not for a replayed operation: they had it);</li>
 *   <li>{@code {ok:false, error:"stale", current}}: the change was made on an old version, nothing changed;</li>
 *   <li>{@code {ok:false, error:"not_found", id}}: the item is gone;</li>
 *   <li>{@code {ok:false, error:"invalid" | "full", message}};</li>
 *   <li>{@code {ok:false, error:"unavailable", message}}: the store failed; the page sends the change again.</li>
 * </ul>
 * The store is asynchronous: the handler returns at once and answers when the store does (on the store's
 * thread), so an event loop never waits for Redis.
 */
final class TodoHandlers {
    private final TodoStore store;

    TodoHandlers(TodoStore store) {
        this.store = store;
    }

    void bind(ServerSocket socket, String name) {
        socket.on("todo:create", CreateTodo.class, (p, ack) -> answer(socket, ack, "todo:create", () -> {
            Payloads.present(p);
            return store.create(Payloads.id(p.opId(), "opId"), Payloads.id(p.id(), "id"),
                    Payloads.text(p.text(), "text", Payloads.MAX_TODO_TEXT), name);
        }));
        socket.on("todo:update", UpdateTodo.class, (p, ack) -> answer(socket, ack, "todo:update", () -> {
            Payloads.present(p);
            if (p.baseVersion() == null || p.baseVersion() < 1) {
                throw new Invalid("baseVersion must be a version (>= 1)");
            }
            if (p.text() == null && p.completed() == null) {
                throw new Invalid("nothing to change: give text and/or completed");
            }
            String text = p.text() == null ? null : Payloads.text(p.text(), "text", Payloads.MAX_TODO_TEXT);
            return store.update(Payloads.id(p.opId(), "opId"), Payloads.id(p.id(), "id"), p.baseVersion(), text,
                    p.completed(), name);
        }));
        socket.on("todo:delete", DeleteTodo.class, (p, ack) -> answer(socket, ack, "todo:delete", () -> {
            Payloads.present(p);
            return store.delete(Payloads.id(p.opId(), "opId"), Payloads.id(p.id(), "id"), name);
        }));
    }

    private void answer(ServerSocket socket, Ack ack, String event, Supplier<CompletionStage<Result>> change) {
        CompletionStage<Result> pending;
        try {
            pending = change.get();
        } catch (Invalid e) {
            ack.send(Replies.error("invalid", e.getMessage()));
            return;
        }
        pending.whenComplete((r, e) -> {
            if (e != null) {
                Throwable cause = Replies.cause(e);
                ack.send(cause instanceof Full ? Replies.error("full", cause.getMessage())
                        : Replies.unavailable(event, cause));
            } else {
                answer(socket, ack, r);
            }
        });
    }

    private static void answer(ServerSocket socket, Ack ack, Result r) {
        if (r instanceof Applied a) {
            if (a.deleted()) {
                if (!a.replayed()) {
                    socket.broadcast().emit("todo:deleted", Map.of("id", a.todo().id()));
                }
                ack.send(Replies.ok("deleted", a.todo().id()));
            } else {
                if (!a.replayed()) {
                    socket.broadcast().emit("todo:changed", a.todo());
                }
                ack.send(Replies.ok("todo", a.todo()));
            }
        } else if (r instanceof Stale s) {
            ack.send(Replies.error("stale", "changed meanwhile by " + s.current().updatedBy(), "current",
                    s.current()));
        } else if (r instanceof NotFound n) {
            ack.send(Replies.error("not_found", "no such item (deleted?)", "id", n.id()));
        }
    }
}
