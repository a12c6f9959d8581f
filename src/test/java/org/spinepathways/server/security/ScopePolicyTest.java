package org.spinepathways.server.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.spinepathways.server.security.ScopePolicy.Permission;

class ScopePolicyTest {

  private static final Permission READ_PLAN = new Permission("PlanDefinition", 'r');
  private static final Permission APPLY = new Permission("CarePlan", 'c');

  @Test
  void v2ScopesGrantTheirLettersOnTheirType() {
    assertTrue(ScopePolicy.grants(Set.of("system/PlanDefinition.rs"), READ_PLAN));
    assertTrue(ScopePolicy.grants(Set.of("system/PlanDefinition.r"), READ_PLAN));
    assertFalse(ScopePolicy.grants(Set.of("system/PlanDefinition.s"), READ_PLAN));
    assertFalse(ScopePolicy.grants(Set.of("system/Questionnaire.rs"), READ_PLAN));
    assertFalse(ScopePolicy.grants(Set.of("system/PlanDefinition.rs"), APPLY), "reading a plan is not applying it");
    assertTrue(ScopePolicy.grants(Set.of("system/CarePlan.c"), APPLY));
    assertTrue(ScopePolicy.grants(Set.of("user/CarePlan.cu"), APPLY));
  }

  @Test
  void wildcardsAndV1Names() {
    assertTrue(ScopePolicy.grants(Set.of("system/*.rs"), READ_PLAN));
    assertTrue(ScopePolicy.grants(Set.of("system/*.cruds"), APPLY));
    assertTrue(ScopePolicy.grants(Set.of("system/*.*"), APPLY));
    assertTrue(ScopePolicy.grants(Set.of("system/PlanDefinition.read"), READ_PLAN));
    assertTrue(ScopePolicy.grants(Set.of("system/CarePlan.write"), APPLY));
    assertTrue(ScopePolicy.grants(Set.of("system/CarePlan.*"), APPLY));
    assertFalse(ScopePolicy.grants(Set.of("system/*.read"), APPLY));
  }

  @Test
  void patientScopesMalformedScopesAndGranularScopesGrantNothing() {
    assertFalse(ScopePolicy.grants(Set.of("patient/*.cruds"), APPLY));
    assertFalse(ScopePolicy.grants(Set.of("openid", "fhirUser", "launch/patient"), READ_PLAN));
    assertFalse(ScopePolicy.grants(Set.of("system/PlanDefinition.rx"), READ_PLAN));
    assertFalse(ScopePolicy.grants(Set.of("system/PlanDefinition.sr"), READ_PLAN), "v2 letters are in cruds order");
    assertFalse(ScopePolicy.grants(Set.of("system/PlanDefinition.rs?status=active"), READ_PLAN));
    assertFalse(ScopePolicy.grants(Set.of(), READ_PLAN));
  }
}
