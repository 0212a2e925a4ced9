// The engine's pending durable timers, indexed by instance so an episode
// touches only its own timers instead of scanning everyone's.
import type { DurableTimer } from './model';

export class TimerIndex {
    private readonly byKey = new Map<string, DurableTimer>();
    private readonly byInstance = new Map<string, Set<string>>();

    get size(): number {
        return this.byKey.size;
    }

    add(t: DurableTimer): void {
        this.byKey.set(t.key, t);
        let keys = this.byInstance.get(t.instanceId);
        if (!keys) this.byInstance.set(t.instanceId, (keys = new Set()));
        keys.add(t.key);
    }

    delete(t: DurableTimer): void {
        this.byKey.delete(t.key);
        const keys = this.byInstance.get(t.instanceId);
        keys?.delete(t.key);
        if (keys?.size === 0) this.byInstance.delete(t.instanceId);
    }

    of(instanceId: string): DurableTimer[] {
        return [...(this.byInstance.get(instanceId) ?? [])].map((k) => this.byKey.get(k)!);
    }

    all(): IterableIterator<DurableTimer> {
        return this.byKey.values();
    }
}
