-- ack_many(id1, token1, id2, token2, …) -> {1|0 per job}: finished jobs leave the queue; 0 = stale token (the lease
-- expired and the job went to someone else, or it was already acknowledged), which changes nothing.
return ack_leases(1, #ARGV)
