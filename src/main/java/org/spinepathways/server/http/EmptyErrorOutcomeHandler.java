package org.spinepathways.server.http;

import java.nio.ByteBuffer;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Gives an error status that a handler below answers without a body its OperationOutcome: Jetty's QoSHandler sheds
 * with a bare 503 (an empty last write). Sits right above it, before any outer handler commits the empty answer.
 */
public final class EmptyErrorOutcomeHandler extends Handler.Wrapper {

  private final EdgeOutcomes outcomes;

  public EmptyErrorOutcomeHandler(Handler next, EdgeOutcomes outcomes) {
    super(next);
    this.outcomes = outcomes;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    return super.handle(request, new Filling(request, response, outcomes), callback);
  }

  private static final class Filling extends Response.Wrapper {
    private final EdgeOutcomes outcomes;
    private boolean written;

    Filling(Request request, Response response, EdgeOutcomes outcomes) {
      super(request, response);
      this.outcomes = outcomes;
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
      boolean empty = content == null || !content.hasRemaining();
      if (!written && last && empty && !isCommitted() && getStatus() >= 400) {
        written = true;
        outcomes.write(getWrapped(), callback, getStatus(), OutcomeErrorHandler.text(getStatus()));
        return;
      }
      written |= !empty;
      super.write(last, content, callback);
    }
  }
}
