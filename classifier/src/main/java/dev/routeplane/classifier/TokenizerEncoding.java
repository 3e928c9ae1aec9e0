package dev.routeplane.classifier;

/**
 * BPE vocabulary used to count input tokens. {@link #CL100K_BASE} is the default: jtokkit has a
 * hand-written pre-tokenizer for it that is about four times faster than the regex-based
 * {@link #O200K_BASE}, and the two counts differ by well under 10% on typical text.
 */
public enum TokenizerEncoding {
    CL100K_BASE,
    O200K_BASE
}
