package io.candlestream.bench;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The machine a benchmark run measured on: cores, physical memory, the JVM and the date, printed with the table.
 *
 * @param cores available processors
 * @param memoryBytes physical memory, or -1 when the JVM cannot tell
 * @param jvm the JVM's vendor, name and version
 * @param maxHeapBytes the benchmark JVM's maximum heap
 * @param date when the run started
 */
public record Machine(int cores, long memoryBytes, String jvm, long maxHeapBytes, Instant date) {

    /** This machine, now. */
    public static Machine current() {
        long memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        String jvm = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version");
        return new Machine(Runtime.getRuntime().availableProcessors(), memory, jvm, Runtime.getRuntime().maxMemory(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** One line: cores, memory, JVM, heap, date. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%d cores, %.1f GiB memory, %s, max heap %d MiB, %s", cores,
                memoryBytes / (double) (1L << 30), jvm, maxHeapBytes >> 20, date);
    }
}
