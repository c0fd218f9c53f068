package io.zapsocket.interop;

/** An error reply of {@code driver.js}, e.g. {@code "operation has timed out"} for an ack that never came. */
final class DriverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DriverException(String message) {
        super(message);
    }
}
