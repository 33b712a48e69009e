namespace Vane.Model;

/// <summary>Scratch activations of one forward pass, grown to the largest batch seen.</summary>
internal sealed class ForwardBuffers
{
    public float[] Resid = [];   // [rows, DModel] the residual stream
    public float[] Normed = [];  // [rows, DModel] norm output (attn_in, mlp_in, final)
    public float[] Q = [];       // [rows, DQuery]
    public float[] K = [];       // [rows, DKv]
    public float[] V = [];       // [rows, DKv]
    public float[] Z = [];       // [rows, DQuery] attention output per head
    public float[] Out = [];     // [rows, DModel] attn_out, then mlp_out
    public float[] Gate = [];    // [rows, DMlp]
    public float[] Up = [];      // [rows, DMlp] up, then mlp_post
    public float[] LogitIn = []; // [logitRows, DModel]
    public float[] LinearIn = []; // [rows, max(DModel, DQuery, DMlp)] an input filter's private copy
    int _rows = -1;

    public void Ensure(ModelConfig c, int rows)
    {
        if (rows <= _rows)
            return;
        Resid = new float[rows * c.DModel];
        Normed = new float[rows * c.DModel];
        Q = new float[rows * c.DQuery];
        K = new float[rows * c.DKv];
        V = new float[rows * c.DKv];
        Z = new float[rows * c.DQuery];
        Out = new float[rows * c.DModel];
        Gate = new float[rows * c.DMlp];
        Up = new float[rows * c.DMlp];
        LogitIn = new float[rows * c.DModel];
        LinearIn = new float[rows * Math.Max(c.DModel, Math.Max(c.DQuery, c.DMlp))];
        _rows = rows;
    }
}
