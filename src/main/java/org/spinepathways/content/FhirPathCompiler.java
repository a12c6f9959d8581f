package org.spinepathways.content;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.context.IWorkerContext;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.fhirpath.FHIRPathUtilityClasses.FHIRConstant;
import org.hl7.fhir.r4.fhirpath.IHostApplicationServices;
import org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext;
import org.hl7.fhir.r4.model.StringType;

/**
 * Parses {@code text/fhirpath} expressions with HAPI's R4 FHIRPath engine and hands out engines for evaluation.
 * Parsing happens once, when the library loads; {@link ExpressionNode} trees are then shared by all requests.
 */
public final class FhirPathCompiler {

  private final FhirContext fhirContext;
  /** The worker evaluation engines use: the context's own until {@link #useTerminology} names the full chain. */
  private volatile IWorkerContext evaluationWorker;
  /** The engine {@link #parse} uses; guarded by this. */
  private final FHIRPathEngine parser;

  public FhirPathCompiler(FhirContext fhirContext) {
    this.fhirContext = fhirContext;
    this.evaluationWorker = new HapiWorkerContext(fhirContext, fhirContext.getValidationSupport());
    this.parser = new FHIRPathEngine(new HapiWorkerContext(fhirContext, new NoStructures(fhirContext)));
  }

  /**
   * Gives evaluation engines the validation chain that holds the library's ValueSets and CodeSystems, so content can
   * test codes with {@code memberOf()} against the in-memory terminology. Call once the library is loaded, before the
   * first engine is made.
   */
  public void useTerminology(IValidationSupport terminology) {
    this.evaluationWorker = new HapiWorkerContext(fhirContext, terminology);
  }

  /**
   * Parses one expression; throws {@link IllegalArgumentException} with the parser's message when it does not parse.
   * One engine parses every expression, one at a time, and it knows no StructureDefinitions: parsing reads none, and
   * an engine's constructor walks every one its worker knows, which made the load parse some 200 core definitions
   * (about 2 s of a cold start, before the port opened). The evaluation engines ({@link #newEngine}) know them all;
   * they are made when expressions are first evaluated, by the warm-up or a request, not by the load.
   */
  public synchronized ExpressionNode parse(String expression) {
    try {
      return parser.parse(expression);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * A new engine wired to the given host services. Engines keep per-call state, so callers keep one per thread.
   */
  public FHIRPathEngine newEngine(IHostApplicationServices hostServices) {
    FHIRPathEngine engine = new FHIRPathEngine(evaluationWorker);
    engine.setHostServices(hostServices);
    return engine;
  }

  /** A worker's support with no definitions, for the engine that only parses. */
  private static final class NoStructures implements IValidationSupport {
    private final FhirContext fhirContext;

    NoStructures(FhirContext fhirContext) {
      this.fhirContext = fhirContext;
    }

    @Override
    public FhirContext getFhirContext() {
      return fhirContext;
    }

    @Override
    public <T extends IBaseResource> List<T> fetchAllStructureDefinitions() {
      return List.of();
    }
  }

  /** The names of the {@code %variables} an expression reads (without the percent sign). */
  public static Set<String> variablesOf(ExpressionNode root) {
    Set<String> names = new LinkedHashSet<>();
    walk(root, node -> {
      if (node.getKind() == ExpressionNode.Kind.Constant && node.getConstant() instanceof FHIRConstant c
          && c.getValue().startsWith("%")) {
        names.add(c.getValue().substring(1));
      }
    });
    return names;
  }

  /** The string literals an expression compares with {@code linkId} (as in {@code where(linkId = 'x')}). */
  public static Set<String> linkIdsOf(ExpressionNode root) {
    Set<String> linkIds = new LinkedHashSet<>();
    walk(root, node -> {
      ExpressionNode next = node.getOpNext();
      if (next == null || node.getOperation() == null) {
        return;
      }
      boolean comparison = switch (node.getOperation()) {
        case Equals, Equivalent, In -> true;
        default -> false;
      };
      if (comparison && isName(node, "linkId")) {
        stringsOf(next, linkIds);
      } else if (comparison && isName(next, "linkId")) {
        stringsOf(node, linkIds);
      }
    });
    return linkIds;
  }

  private static boolean isName(ExpressionNode node, String name) {
    return node.getKind() == ExpressionNode.Kind.Name && name.equals(node.getName()) && node.getInner() == null;
  }

  private static void stringsOf(ExpressionNode node, Set<String> out) {
    walk(node, n -> {
      if (n.getKind() == ExpressionNode.Kind.Constant && n.getConstant() instanceof StringType s) {
        out.add(s.getValue());
      }
    });
  }

  private static void walk(ExpressionNode node, java.util.function.Consumer<ExpressionNode> visitor) {
    List<ExpressionNode> stack = new ArrayList<>();
    stack.add(node);
    while (!stack.isEmpty()) {
      ExpressionNode n = stack.remove(stack.size() - 1);
      if (n == null) {
        continue;
      }
      visitor.accept(n);
      stack.add(n.getInner());
      stack.add(n.getGroup());
      stack.add(n.getOpNext());
      if (n.getParameters() != null) {
        stack.addAll(n.getParameters());
      }
    }
  }
}
