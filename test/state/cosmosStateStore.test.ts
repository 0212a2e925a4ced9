// Runs the contract against the real @azure/cosmos SDK talking to an in-process
// @vercel/cosmosdb-server (HTTPS with a self-signed, expired certificate); one
// database per test keeps tests independent, and dropping it is the cleanup.
import { cosmosStores } from '../helpers/stateStores';
import { describeStateStoreContract } from './stateStore.contract';

const cosmos = cosmosStores();
beforeAll(() => cosmos.start());
afterAll(() => cosmos.stop());

describeStateStoreContract('cosmos (cosmosdb-server)', () => cosmos.open());
