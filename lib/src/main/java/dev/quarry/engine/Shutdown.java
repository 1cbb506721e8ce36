package dev.quarry.engine;

/**
 * The engine is stopping.
 *
 * @param reason why
 */
public record Shutdown(String reason) implements Event {}
