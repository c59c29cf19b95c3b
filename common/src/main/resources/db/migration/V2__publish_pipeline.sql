-- fence: the fencing token of the worker that holds a publication (bumped at every claim, checked by every worker write);
-- bytes_sent: upload progress of the running attempt.
ALTER TABLE publications ADD COLUMN fence integer NOT NULL DEFAULT 0, ADD COLUMN bytes_sent bigint;
