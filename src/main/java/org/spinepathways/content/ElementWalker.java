package org.spinepathways.content;

import java.util.List;
import java.util.function.BiConsumer;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.DomainResource;
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
    if (node instanceof DomainResource resource) {
      // HAPI's R4 resources do not list their DomainResource elements among their children.
      walkAll(resource.getContained(), path + ".contained", type, visitor);
      walkAll(resource.getExtension(), path + ".extension", type, visitor);
      walkAll(resource.getModifierExtension(), path + ".modifierExtension", type, visitor);
    }
    for (Property property : node.children()) {
      if (!property.hasValues()) {
        continue;
      }
      boolean many = property.isList();
      for (int i = 0; i < property.getValues().size(); i++) {
        Base child = property.getValues().get(i);
        String name = property.getName().endsWith("[x]") ? choiceName(property.getName(), child) : property.getName();
        walk(child, path + "." + name + (many ? "[" + i + "]" : ""), type, visitor);
      }
    }
  }

  private static <T extends Base> void walkAll(List<? extends Base> children, String path, Class<T> type,
      BiConsumer<String, T> visitor) {
    for (int i = 0; i < children.size(); i++) {
      walk(children.get(i), path + "[" + i + "]", type, visitor);
    }
  }

  /** A choice element named as in FHIR JSON and FHIRPath: value[x] holding an Expression is valueExpression. */
  private static String choiceName(String name, Base child) {
    String type = child.fhirType();
    return name.substring(0, name.length() - 3) + Character.toUpperCase(type.charAt(0)) + type.substring(1);
  }
}
