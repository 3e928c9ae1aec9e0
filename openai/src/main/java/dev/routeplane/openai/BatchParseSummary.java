package dev.routeplane.openai;

/**
 * Counts for one parsed batch file.
 *
 * @param lines lines read, blank ones included
 * @param accepted lines delivered as requests
 * @param rejected lines delivered as errors
 * @param openAiLines accepted lines in the OpenAI Batch input format
 * @param routeplaneLines accepted lines in Routeplane's own request format
 */
public record BatchParseSummary(long lines, long accepted, long rejected, long openAiLines, long routeplaneLines) {}
