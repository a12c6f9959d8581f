package org.spinepathways.apply;

import java.util.Date;

import org.hl7.fhir.r4.model.Reference;

/** What every produced resource refers to: the subject, optional encounter and author, the time, the screening. */
record OutputContext(String subject, String encounter, String practitioner, String organization, Date now,
    Screening screening) {

  Reference subjectRef() {
    return new Reference(subject);
  }

  /** The author of the plan: the practitioner when given, else the organization, else none. */
  Reference authorRef() {
    String author = practitioner != null ? practitioner : organization;
    return author == null ? null : new Reference(author);
  }
}
