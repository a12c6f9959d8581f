package org.spinepathways.server.security;

import java.util.Locale;
import java.util.Set;

/**
 * Which SMART scope grants what. A request needs one permission on one resource type: read ({@code r}) to read,
 * search ({@code s}) to search, and for an operation what {@link org.spinepathways.server.http.Operations} says
 * (for example {@code $apply} needs {@code c} on CarePlan). A scope grants it when its context is {@code system} or
 * {@code user}, its type is the type or {@code *}, and its permissions hold the letter: SMART v2
 * ({@code system/PlanDefinition.rs}, {@code system/*.cruds}) or v1 ({@code .read} = rs, {@code .write} = cud,
 * {@code .*} = all). {@code patient/} scopes are not accepted: this server has no patient context to bind them to.
 */
public final class ScopePolicy {

  /** A permission a request needs: a resource type and one SMART v2 letter. */
  public record Permission(String resourceType, char letter) {
    /** The narrowest SMART v2 scope that grants it. */
    public String scope() {
      return "system/" + resourceType + "." + letter;
    }
  }

  private ScopePolicy() {}

  public static boolean grants(Set<String> scopes, Permission needed) {
    for (String scope : scopes) {
      if (grants(scope, needed)) {
        return true;
      }
    }
    return false;
  }

  static boolean grants(String scope, Permission needed) {
    int slash = scope.indexOf('/');
    int dot = scope.lastIndexOf('.');
    if (slash < 0 || dot < slash) {
      return false;
    }
    String context = scope.substring(0, slash);
    if (!context.equals("system") && !context.equals("user")) {
      return false;
    }
    String type = scope.substring(slash + 1, dot);
    if (!type.equals("*") && !type.equals(needed.resourceType())) {
      return false;
    }
    String permissions = scope.substring(dot + 1);
    int query = permissions.indexOf('?');
    if (query >= 0) {
      // SMART v2 granular scopes (system/Observation.rs?category=...) narrow by search parameters: not supported here,
      // so they grant nothing rather than more than they say.
      return false;
    }
    return lettersOf(permissions).indexOf(needed.letter()) >= 0;
  }

  /** The v2 letters a permission string stands for; v1 names are translated. */
  static String lettersOf(String permissions) {
    return switch (permissions.toLowerCase(Locale.ROOT)) {
      case "*" -> "cruds";
      case "read" -> "rs";
      case "write" -> "cud";
      default -> permissions.matches("c?r?u?d?s?") ? permissions : "";
    };
  }
}
