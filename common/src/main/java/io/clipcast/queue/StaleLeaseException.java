package io.clipcast.queue;

/**
 * The lease token is no longer the job's: the lease expired and the job was handed out again (or it was already
 * acknowledged). The holder must stop working on the job and write nothing.
 */
public class StaleLeaseException extends RuntimeException {
  public StaleLeaseException(String jobId, String op) {
    super(op + " refused for job " + jobId + ": the lease is no longer held by this worker");
  }
}
