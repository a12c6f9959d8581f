package org.spinepathways.apply;

/** An expression could not be evaluated. Its message is about the expression, never about patient data. */
public final class ExpressionException extends RuntimeException {
  ExpressionException(String message) {
    super(message);
  }

  ExpressionException(String message, Throwable cause) {
    super(message, cause);
  }
}
