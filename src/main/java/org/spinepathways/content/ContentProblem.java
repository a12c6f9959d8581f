package org.spinepathways.content;

/**
 * One problem found while loading or linting knowledge content.
 *
 * @param file the content file (name relative to the content root)
 * @param element the FHIR element path inside that file's resource, or "" for the whole file
 * @param message what is wrong, in words an author can act on
 */
public record ContentProblem(String file, String element, String message) {

  @Override
  public String toString() {
    return element.isEmpty() ? file + ": " + message : file + " @ " + element + ": " + message;
  }
}
