/** What the detection layer (or a human) says is wrong. Confidence is about the diagnosis, not the action. */
export interface Incident {
  id: string;
  symptom: string;
  /** Absent when nobody diagnosed a cause (e.g. a human marked a pod for restart). */
  probableCause?: string;
  /** 0..1 */
  confidence: number;
  service?: string;
}

/** Symptom given to a pod that carries the restart label and no incident (the seed lab). */
export const MANUAL_RESTART_SYMPTOM = 'manual_restart_recommended';
