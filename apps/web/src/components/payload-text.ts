// One text of the trail for the console, the print sheet and the server's CSV.
export { describePayload, formatSize, type PayloadContext } from '../../../../libs/workflow/src/trail-text';
