// Fails the start when a setting is missing, malformed or (in Azure) a secret:
// the Functions host then reports one error naming each, instead of the first
// request failing somewhere later.
import { assertConfig } from '../shared/features/config/appConfig';

assertConfig(process.env);
