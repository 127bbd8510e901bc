/**
 * Every text people read, in English. `{name}` is a placeholder filled by `t`. zh-CN has the same keys
 * (the type of its catalogue says so, and a test checks it). Builders take texts from here, never inline.
 */
export const en = {
  'status.FAILED': 'FAILED',
  'status.COMPLETED': 'COMPLETED',
  'status.STUCK': 'STUCK',
  'status.PENDING': 'PENDING',
  'alert.headline': '{icon} {test}{status} · workflow {workflow}',
  'alert.test_mark': '[TEST] ',
  'alert.why.pendingEnded': 'was running at the previous poll',
  'alert.why.firstSeenTerminal': 'started and ended between two polls',
  'alert.no_error_text': '(the API gave no error text)',
  'alert.negative_duration': '— (end before start: check IFLYRPA_START_TIME_OFFSET / IFLYRPA_END_TIME_OFFSET)',
  'label.status': 'Status',
  'label.workflow': 'Workflow',
  'label.execution': 'Execution',
  'label.version': 'Version',
  'label.start': 'Start',
  'label.end': 'End',
  'label.duration': 'Duration',
  'label.exec_position': 'Exec position',
  'label.parameters': 'Parameters',
  'label.error': 'Error',
  'label.result': 'Result',
  'label.result_data': 'Data',
  'label.video': 'Video',
  'label.why': 'Why now',
  'text.truncated': '… (truncated, {count} more characters)',
  'notice.unreachable.title': 'iFlyRPA unreachable: {cause}',
  'notice.unreachable.body':
    'Polling has failed since {since} ({failures} failed polls in a row). Execution alerts are delayed, not lost: they go out once polling works again.',
  'notice.recovered.title': 'iFlyRPA polling recovered',
  'notice.recovered.body': 'Polling works again after {duration} of failures (since {since}; last cause: {cause}). Alerts for what happened meanwhile follow.',
  'duration.hms': '{h}h {m}m {s}s',
  'duration.ms': '{m}m {s}s',
  'duration.s': '{s}s',
  'duration.millis': '{ms}ms',
  'wecom.field': '**{label}**: {value}',
  'wecom.label.more_result': 'More result',
  'wecom.footer': 'rpa-notify · execution {id} {why}',
  'wecom.notice_footer': 'rpa-notify · about the bot itself',
} as const;

export type MessageKey = keyof typeof en;
