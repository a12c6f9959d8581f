package org.spinepathways.content;

import java.util.function.BiConsumer;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Property;

/** Visits every element of a resource with its FHIR path ({@code PlanDefinition.action[0].condition[1]}). */
public final class ElementWalker {

  private ElementWalker() {}

  /** Calls the visitor for every element of the given type found under the root. */
  public static <T extends Base> void forEach(Base root, Class<T> type, BiConsumer<String, T> visitor) {
    walk(root, root.fhirType(), type, visitor);
  }

  private static <T extends Base> void walk(Base node, String path, Class<T> type, BiConsumer<String, T> visitor) {
    if (type.isInstance(node)) {
      visitor.accept(path, type.cast(node));
    }
    for (Property property : node.children()) {
      if (!property.hasValues()) {
        continue;
      }
      boolean many = property.isList();
      for (int i = 0; i < property.getValues().size(); i++) {
        Base child = property.getValues().get(i);
        String name = property.getName().replace("[x]", "");
        walk(child, path + "." + name + (many ? "[" + i + "]" : ""), type, visitor);
      }
    }
  }
}
