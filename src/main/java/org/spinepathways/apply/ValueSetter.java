package org.spinepathways.apply;

import java.util.List;

import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.ResourceFactory;

/**
 * Writes a {@code dynamicValue} result at a simple path ({@code status}, {@code payload[0].contentString},
 * {@code occurrenceDateTime}) using the R4 model's own property API. A choice element may be named with its type
 * suffix; a primitive result is converted to the element's type.
 */
final class ValueSetter {

  private ValueSetter() {}

  static void set(Base target, String path, List<Base> values) {
    String[] segments = path.split("\\.");
    Base node = target;
    for (int i = 0; i < segments.length - 1; i++) {
      node = child(node, segments[i]);
    }
    String last = segments[segments.length - 1];
    if (values.isEmpty()) {
      return;
    }
    if (values.size() > 1 && !isList(node, last)) {
      throw new ExpressionException("dynamicValue for '" + path + "' gave " + values.size()
          + " values for a single element");
    }
    for (Base value : values) {
      setOne(node, last, value, path);
    }
  }

  private static void setOne(Base node, String name, Base value, String path) {
    Property property = node.getNamedProperty(name);
    try {
      if (property != null && property.getName().equals(name)) {
        node.setProperty(name, convert(value, property.getTypeCode()));
        return;
      }
      Property choice = property != null && property.getName().endsWith("[x]") ? property : choiceFor(node, name);
      if (choice == null) {
        throw new ExpressionException("dynamicValue path '" + path + "': " + node.fhirType() + " has no element '"
            + name + "'");
      }
      String type = name.substring(choice.getName().length() - 3);
      type = Character.toLowerCase(type.charAt(0)) + type.substring(1);
      node.setProperty(choice.getName(), convertTo(value, type));
    } catch (FHIRException | ClassCastException e) {
      throw new ExpressionException("dynamicValue path '" + path + "': cannot set a " + value.fhirType()
          + " there", e);
    }
  }

  private static Base child(Base node, String segment) {
    int bracket = segment.indexOf('[');
    String name = bracket < 0 ? segment : segment.substring(0, bracket);
    int index = bracket < 0 ? 0 : Integer.parseInt(segment.substring(bracket + 1, segment.length() - 1));
    Base[] existing = node.getProperty(name.hashCode(), name, false);
    if (existing != null && existing.length > index) {
      return existing[index];
    }
    return node.makeProperty(name.hashCode(), name);
  }

  private static boolean isList(Base node, String name) {
    Property property = node.getNamedProperty(name);
    return property != null && property.isList();
  }

  private static Property choiceFor(Base node, String name) {
    for (Property p : node.children()) {
      if (p.getName().endsWith("[x]") && name.startsWith(p.getName().substring(0, p.getName().length() - 3))) {
        return p;
      }
    }
    return null;
  }

  private static Base convert(Base value, String typeCode) {
    if (typeCode == null || typeCode.contains("|") || typeCode.equals("*") || !value.isPrimitive()) {
      return value;
    }
    return convertTo(value, typeCode);
  }

  private static Base convertTo(Base value, String type) {
    if (value.fhirType().equals(type) || !value.isPrimitive()) {
      return value;
    }
    Base target = ResourceFactory.createType(type);
    if (target instanceof PrimitiveType<?> primitive) {
      primitive.setValueAsString(value.primitiveValue());
      return primitive;
    }
    return value;
  }
}
