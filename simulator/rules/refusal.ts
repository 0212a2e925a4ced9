// A Microsoft service saying no: the HTTP status, a stable code and a message
// saying what was found. Each service words it in its own error shape.
export interface Refusal {
    status: number;
    code: string;
    message: string;
}

export function refusal(status: number, code: string, message: string): Refusal {
    return { status, code, message };
}
