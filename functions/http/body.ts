import type { HttpRequest } from '@azure/functions';

/** The parsed JSON body, or undefined when there is none or it is not JSON. */
export async function readJson(req: HttpRequest): Promise<unknown> {
    const text = await req.text();
    try {
        return text ? JSON.parse(text) : undefined;
    } catch {
        return undefined;
    }
}
