package org.spinepathways.server;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

/** 415: the request body is not in a FHIR format this server reads. */
final class UnsupportedMediaTypeException extends BaseServerResponseException {

  UnsupportedMediaTypeException(String mediaType) {
    super(415, "Unsupported Content-Type '" + mediaType + "': send application/fhir+json or application/fhir+xml");
  }
}
