package io.candlestream.source.enumerator;

import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * The requested start position is older than the history the exchange still serves. Flink classifies it as
 * non-recoverable, so the job fails once with this message instead of restarting in a loop.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public final class StartPositionUnavailableException extends RuntimeException {

    public StartPositionUnavailableException(String message) {
        super(message);
    }
}
