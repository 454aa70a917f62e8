package dev.mode.decoder.runtime;

/**
 * Keeps DJL's tokenizers offline. Every {@code HuggingFaceTokenizer.newInstance} calls DJL's {@code Ec2Utils.callHome},
 * which asks the cloud instance-metadata service (http://169.254.169.254) whether it runs on EC2 and, if so, sends
 * usage telemetry to DJL's servers; only DJL's offline mode or {@code OPT_OUT_TRACKING} (environment variable or
 * system property) stops it. MODE promises tokenizers that run offline, so it opts out, once per JVM, unless the
 * application has decided itself (either variable set, to any value).
 */
public final class DjlTelemetry {
    /** The switch DJL reads: an environment variable, else a system property of the same name. */
    public static final String OPT_OUT = "OPT_OUT_TRACKING";

    private DjlTelemetry() {}

    /** Call before creating a DJL tokenizer. */
    public static void optOut() {
        if (System.getenv(OPT_OUT) == null && System.getProperty(OPT_OUT) == null) {
            System.setProperty(OPT_OUT, "true");
        }
    }
}
