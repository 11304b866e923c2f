import { subgraphCodegen } from '../../codegen.shared';

export default subgraphCodegen('economies', {
  Economy: '../model/economy.js#EconomyRecord',
  KpiFigure: '../model/kpi.js#KpiFigureRecord',
  PageText: '../domain/content-input.js#Texts',
  Publication: '../model/publication.js#PublicationRecord',
  MonitoringReport: '../domain/report.js#MonitoringReport as MonitoringReportModel',
  MonitoringFigure: '../domain/report.js#FigureRow',
  MonitoringComparison: '../domain/report.js#ReportComparison',
  MonitoringChange: '../domain/report.js#ChangeRow',
});
