namespace LinqSecretScan.Scanning;

/// <summary>Maps offsets in decoded text to 1-based lines and columns. Lines end at \n; a \r before it belongs
/// to no column anyone reports. Offsets are best asked for in increasing order, so a text is walked once. A chunk
/// of a larger text starts at a given line and column.</summary>
internal sealed class LineLocator(string text, long firstLine = 1, int firstColumn = 1)
{
    private readonly long _firstLine = firstLine;
    private int _position;
    private long _line = firstLine;
    private int _lineStart;
    private bool _onFirstLine = true;

    public (long Line, int Column, int LineStart, int LineEnd) Locate(int offset)
    {
        if (offset < _position)
        {
            _position = 0;
            _line = _firstLine;
            _lineStart = 0;
            _onFirstLine = true;
        }

        var span = text.AsSpan();
        while (true)
        {
            int next = span[_position..offset].IndexOf('\n');
            if (next < 0)
            {
                break;
            }

            _line++;
            _position += next + 1;
            _lineStart = _position;
            _onFirstLine = false;
        }

        _position = offset;
        int end = span[offset..].IndexOf('\n');
        int lineEnd = end < 0 ? span.Length : offset + end;
        if (lineEnd > _lineStart && span[lineEnd - 1] == '\r')
        {
            lineEnd--;
        }

        int column = offset - _lineStart + (_onFirstLine ? firstColumn : 1);
        return (_line, column, _lineStart, lineEnd);
    }
}
