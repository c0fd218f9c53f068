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
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.json.Json;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.sync.Sync;
import java.util.concurrent.CompletionStage;

/**
 * The todo events, declared idempotent with the sync module ({@link Sync#onIdempotent}): the page sends each change
 * with its operation id as idempotency key ({@code {"zs:idem": opId}}), so a change sent again after a lost
 * acknowledgement is answered with the first answer and not applied twice (cluster-wide when the sync store is
 * Redis). Each change is acknowledged with its outcome:
 * <ul>
 *   <li>{@code {ok:true, todo}} (created or updated) or {@code {ok:true, deleted:id}}; every page (on every node)
 *       sees the change on the replicated map it follows ({@code map:change} of {@value MapTodoStore#MAP});</li>
 *   <li>{@code {ok:false, error:"stale", current}}: the change was made on an old version, nothing changed;</li>
 *   <li>{@code {ok:false, error:"not_found", id}}: the item is gone;</li>
 *   <li>{@code {ok:false, error:"invalid" | "full", message}};</li>
 *   <li>{@code {ok:false, error:"unavailable", message}}: the store failed; the page sends the change again (with a
 *       new idempotency key, since this answer is the one kept for the first).</li>
 * </ul>
 * The store is asynchronous: the handler returns at once and answers when the store does (on the store's
 * thread), so an event loop never waits for Redis.
 */
final class TodoHandlers {
    private TodoHandlers() {
    }

    static void install(Sync sync, TodoStore store) {
        sync.onIdempotent("todo:create", (socket, args, ack) -> answer(ack, "todo:create", () -> {
            CreateTodo p = bind(args, CreateTodo.class, "{opId, id, text}");
            Payloads.id(p.opId(), "opId");
            return store.create(Payloads.id(p.id(), "id"),
                    Payloads.text(p.text(), "text", Payloads.MAX_TODO_TEXT), name(socket));
        }));
        sync.onIdempotent("todo:update", (socket, args, ack) -> answer(ack, "todo:update", () -> {
            UpdateTodo p = bind(args, UpdateTodo.class, "{opId, id, baseVersion, text?, completed?}");
            Payloads.id(p.opId(), "opId");
            if (p.baseVersion() == null || p.baseVersion() < 1) {
                throw new Invalid("baseVersion must be a version (>= 1)");
            }
            if (p.text() == null && p.completed() == null) {
                throw new Invalid("nothing to change: give text and/or completed");
            }
            String text = p.text() == null ? null : Payloads.text(p.text(), "text", Payloads.MAX_TODO_TEXT);
            return store.update(Payloads.id(p.id(), "id"), p.baseVersion(), text, p.completed(), name(socket));
        }));
        sync.onIdempotent("todo:delete", (socket, args, ack) -> answer(ack, "todo:delete", () -> {
            DeleteTodo p = bind(args, DeleteTodo.class, "{opId, id}");
            Payloads.id(p.opId(), "opId");
            return store.delete(Payloads.id(p.id(), "id"), name(socket));
        }));
    }

    private static <T> T bind(Args args, Class<T> type, String shape) {
        T p;
        try {
            p = args.isEmpty() ? null : Json.convert(args.get(0), type);
        } catch (RuntimeException e) {
            throw new Invalid("the payload must be " + shape);
        }
        return Payloads.present(p);
    }

    private static String name(ServerSocket socket) {
        return (String) socket.data().get("name");
    }

    @FunctionalInterface
    private interface Change {
        CompletionStage<Result> make();
    }

    private static void answer(Ack ack, String event, Change change) {
        CompletionStage<Result> pending;
        try {
            pending = change.make();
        } catch (Invalid e) {
            ack.send(Replies.error("invalid", e.getMessage()));
            return;
        }
        pending.whenComplete((r, e) -> {
            if (e != null) {
                Throwable cause = Replies.cause(e);
                ack.send(cause instanceof Full ? Replies.error("full", cause.getMessage())
                        : Replies.unavailable(event, cause));
            } else if (r instanceof Applied a) {
                ack.send(a.deleted() ? Replies.ok("deleted", a.todo().id()) : Replies.ok("todo", a.todo()));
            } else if (r instanceof Stale s) {
                ack.send(Replies.error("stale", "changed meanwhile by " + s.current().updatedBy(), "current",
                        s.current()));
            } else if (r instanceof NotFound n) {
                ack.send(Replies.error("not_found", "no such item (deleted?)", "id", n.id()));
            }
        });
    }
}
