import { CaseEventRecord } from '../audit/case-event.entity.js';
import { ComplaintRecord } from '../complaints/complaint.entity.js';

export const ENTITIES = [ComplaintRecord, CaseEventRecord];
