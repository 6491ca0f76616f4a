import { RunJournal } from '../engine/state/run-journal';
import { journalPathFor } from '../config/config';

/** The run is over: its journal goes too (also for shards, whose blob reporter prints no summary). */
export default function globalTeardown(): void {
  if (process.env.OMI_RUN_ID) RunJournal.discard(journalPathFor(process.env.OMI_RUN_ID));
}
