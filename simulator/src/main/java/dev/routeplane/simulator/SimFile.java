package dev.routeplane.simulator;

import java.time.Instant;

/** A file held by a simulated provider (OpenAI's Files API): an uploaded batch input, or a batch's output. */
record SimFile(String id, String providerId, String filename, String purpose, byte[] content, Instant createdAt) {}
