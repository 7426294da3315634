package dev.cutover.controller.core;

/**
 * Where the answer to a request goes (an HTTP exchange waiting for it). Steps only name it in their effects
 * ({@link Effect.Respond}, {@link Effect.Refuse}); the effect runner completes it.
 */
public interface Reply {

    void succeed(Object body);

    void fail(DomainError error);

    /** A reply nobody waits for. */
    Reply NONE = new Reply() {
        @Override
        public void succeed(Object body) {
        }

        @Override
        public void fail(DomainError error) {
        }
    };
}
