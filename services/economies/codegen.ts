import { subgraphCodegen } from '../../codegen.shared';

export default subgraphCodegen('economies', {
  Economy: '../model/economy.js#EconomyRecord',
  KpiFigure: '../model/kpi.js#KpiFigureRecord',
});
