import { describeFlows } from '../../test/helpers/authorization-flows.contract';
import { MemoryAuthorizationFlows } from './authorization-flows';

describe('MemoryAuthorizationFlows', () => {
  describeFlows(() => new MemoryAuthorizationFlows());
});
