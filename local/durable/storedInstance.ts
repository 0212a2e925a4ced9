// Reads an instance row as the store holds it. Rows written before histories
// had rows of their own carry the whole history inside; they are migrated on
// load: the engine commits their events as rows and rewrites the row as state.
import { KvOp } from '../../shared/adapters/embedded/embeddedKv';
import { HistoryEvent, isScheduling } from './history';
import { HistoryLog } from './historyLog';
import { Instance } from './model';

/** The row format before history rows: no counters, the history inside. */
type LegacyInstance = Omit<Instance, 'historyLength' | 'nextEventId'> & { history: HistoryEvent[] };

/** An instance row as the store may hold it. */
export type StoredInstance = Instance | LegacyInstance;

export interface LoadedInstance {
    instance: Instance;
    /** The history rows a migrated row needs written (with the instance row itself); empty for today's rows. */
    migration: KvOp[];
}

export function loadStoredInstance(key: string, row: StoredInstance, log: HistoryLog): LoadedInstance {
    if ('history' in row && Array.isArray(row.history)) {
        const { history, ...state } = row;
        const instance: Instance = { ...state, historyLength: history.length, nextEventId: history.filter(isScheduling).length };
        return { instance, migration: log.append(instance.instanceId, instance.executionId, 0, history) };
    }
    if (typeof (row as Instance).historyLength !== 'number' || typeof (row as Instance).nextEventId !== 'number') {
        throw new Error(`The durable instance row '${key}' is in a format this host does not know (no history and no history counters); the data directory was written by another version.`);
    }
    return { instance: row as Instance, migration: [] };
}
