// Azure Service Bus entity names: letters, digits, periods, hyphens,
// underscores and slashes, 1 to 260 characters, starting and ending with a
// letter or digit (Azure's naming rules for Service Bus queues); slashes
// separate segments, so none may be empty.

const SHAPE = /^[A-Za-z0-9](?:[A-Za-z0-9._/-]*[A-Za-z0-9])?$/;

/** Why `name` cannot name a Service Bus queue, or undefined when it can. */
export function queueNameProblem(name: string): string | undefined {
    if (name.length > 260) return `A queue name has at most 260 characters; this one has ${name.length}.`;
    if (!SHAPE.test(name) || name.includes('//')) {
        return `"${name.slice(0, 100)}" is not a Service Bus queue name: use letters, digits, ".", "-", "_" and "/", starting and ending with a letter or digit.`;
    }
    return undefined;
}
